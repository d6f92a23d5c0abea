package com.changebank.platform.openid;

import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the hooks see of the server, without one: a session, a request, a response, the mechanism's message context and
 * the interceptor's invocation, each holding only what the hooks read and write, and failing loudly on anything else.
 */
final class Fakes {

    private Fakes() {
    }

    /** A session in memory: its attributes, its id (which a new login changes), and whether it was invalidated. */
    static final class Session {
        final Map<String, Object> attributes = Collections.synchronizedMap(new HashMap<>());
        String id = UUID.randomUUID().toString();
        boolean isNew = true;
        boolean invalidated;
        final HttpSession proxy = (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (self, method, arguments) -> {
                    if (invalidated && !method.getName().equals("getId")) {
                        throw new IllegalStateException("the session was invalidated");
                    }
                    return switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) arguments[0]);
                        case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                        case "removeAttribute" -> attributes.remove((String) arguments[0]);
                        case "getAttributeNames" -> Collections.enumeration(Map.copyOf(attributes).keySet());
                        case "getId" -> id;
                        case "isNew" -> isNew;
                        case "invalidate" -> {
                            invalidated = true;
                            yield null;
                        }
                        case "setMaxInactiveInterval" -> null;
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == arguments[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    /** The application's context: web.xml's session timeout, 30 minutes. */
    private static final ServletContext SERVLET_CONTEXT = (ServletContext) Proxy.newProxyInstance(
            ServletContext.class.getClassLoader(), new Class<?>[] {ServletContext.class},
            (self, method, arguments) -> switch (method.getName()) {
                case "getSessionTimeout" -> 30;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** A request to {@code http://bank.internal:8080}, with the parameters, caller and session a test gives it. */
    static final class Request {
        final String method;
        final String uri;
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, Object> attributes = new HashMap<>();
        Principal caller;
        Session session;
        boolean sessionIdChanged;
        final HttpServletRequest proxy;

        Request(String method, String uri) {
            this.method = method;
            this.uri = uri;
            proxy = (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (self, m, arguments) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getParameter" -> parameters.get((String) arguments[0]);
                        case "getQueryString" -> parameters.isEmpty() ? null : String.join("&", parameters.keySet());
                        case "getAttribute" -> attributes.get((String) arguments[0]);
                        case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                        case "removeAttribute" -> attributes.remove((String) arguments[0]);
                        case "getUserPrincipal" -> caller;
                        case "getSession" -> session(arguments == null || (Boolean) arguments[0]);
                        case "changeSessionId" -> {
                            sessionIdChanged = true;
                            session.id = UUID.randomUUID().toString();
                            yield session.id;
                        }
                        case "getScheme" -> "http";
                        case "isSecure" -> false;
                        case "getServerName" -> "bank.internal";
                        case "getServerPort" -> 8080;
                        case "getRequestURI" -> uri;
                        case "getRequestURL" -> new StringBuffer("http://bank.internal:8080").append(uri);
                        case "getContextPath" -> "";
                        case "getServletPath" -> uri;
                        case "getPathInfo" -> null;
                        case "getServletContext" -> SERVLET_CONTEXT;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }

        Request with(String name, String value) {
            parameters.put(name, value);
            return this;
        }

        Request in(Session session) {
            this.session = session;
            return this;
        }

        Request as(String name) {
            caller = () -> name;
            return this;
        }

        private HttpSession session(boolean create) {
            if ((session == null || session.invalidated) && create) {
                session = new Session();
            }
            return session == null || session.invalidated ? null : session.proxy;
        }
    }

    /** A response that records its status, its redirect and whether anything was sent. */
    static final class Response {
        int status = 200;
        String location;
        final Map<String, String> headers = new HashMap<>();
        boolean committed;
        final HttpServletResponse proxy = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (self, method, arguments) -> switch (method.getName()) {
                    case "sendError" -> {
                        status = (Integer) arguments[0];
                        committed = true;
                        yield null;
                    }
                    case "sendRedirect" -> {
                        status = 302;
                        location = (String) arguments[0];
                        committed = true;
                        yield null;
                    }
                    case "setStatus" -> {
                        status = (Integer) arguments[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) arguments[0], (String) arguments[1]);
                    case "isCommitted" -> committed;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * The mechanism's message context for one request: the container's notices of a login are recorded and answered
     * with success.
     */
    static final class MessageContext {
        final List<String> notices = new ArrayList<>();
        final HttpMessageContext proxy;

        MessageContext(Request request, Response response) {
            proxy = (HttpMessageContext) Proxy.newProxyInstance(HttpMessageContext.class.getClassLoader(),
                    new Class<?>[] {HttpMessageContext.class}, (self, method, arguments) -> switch (method.getName()) {
                        case "getRequest" -> request.proxy;
                        case "getResponse" -> response.proxy;
                        case "notifyContainerAboutLogin" -> {
                            notices.add(method.getName());
                            yield AuthenticationStatus.SUCCESS;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    /** What the intercepted method does when the interceptor lets it run: it sees the parameters it was given. */
    @FunctionalInterface
    interface Intercepted {
        Object run(Object[] parameters) throws Exception;
    }

    /** One call of a server's method, as the interceptor sees it; {@link #proceeded} counts the method's runs. */
    static final class Invocation implements InvocationContext {
        private final Method method;
        private Object[] parameters;
        private final Intercepted intercepted;
        int proceeded;

        Invocation(Method method, Intercepted intercepted, Object... parameters) {
            this.method = method;
            this.parameters = parameters;
            this.intercepted = intercepted;
        }

        @Override
        public Object proceed() throws Exception {
            proceeded++;
            return intercepted.run(parameters);
        }

        @Override
        public Object[] getParameters() {
            return parameters;
        }

        @Override
        public void setParameters(Object[] parameters) {
            this.parameters = parameters;
        }

        @Override
        public Method getMethod() {
            return method;
        }

        @Override
        public Object getTarget() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getTimer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Constructor<?> getConstructor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> getContextData() {
            throw new UnsupportedOperationException();
        }
    }

    /** The method of {@code type} called {@code name}: the one the hook stands around. */
    static Method method(Class<?> type, String name) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(type + " has no " + name);
    }

    /** The application's settings as the hooks read them, RS256 ID tokens, with or without a public address. */
    record Settings(Optional<URI> appUrl) implements ProviderSettings {

        static final String CLIENT_SECRET = "the client secret";

        @Override
        public String getIssuer() {
            return "https://id.example";
        }

        @Override
        public String getDiscoveryUri() {
            return getIssuer() + "/.well-known/openid-configuration";
        }

        @Override
        public String getClientId() {
            return "bank";
        }

        @Override
        public String getClientSecret() {
            return CLIENT_SECRET;
        }

        @Override
        public String getScope() {
            return "openid email";
        }

        @Override
        public String getScopeSetting() {
            return "SCOPE";
        }

        @Override
        public String getIdTokenSigningAlgorithm() {
            return "RS256";
        }

        @Override
        public boolean isAllowedEndpoint(String url) {
            return url.startsWith("https://");
        }

        @Override
        public Optional<URI> getAppUrl() {
            return appUrl;
        }

        @Override
        public Duration getTokenMinValidity() {
            return Duration.ofSeconds(10);
        }

        @Override
        public Duration getConnectTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration getReadTimeout() {
            return Duration.ofSeconds(1);
        }
    }
}
