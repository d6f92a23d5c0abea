package com.changebank.platform.openid;

import com.changebank.platform.openid.MechanismHook.Point;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.configurator.AnnotatedMethodConfigurator;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Puts the interceptors of this package on the methods of the server's OpenID mechanism. Its classes are the
 * server's, not the application's, so they are matched by name: Soteria's on Payara, WildFly's copy of them on
 * WildFly (which keeps Soteria's for discovery). A server whose classes differ stops the deployment with one line
 * naming what was not found: a login without PKCE or without time-outs must never pass silently. It also makes the
 * mechanism's {@code OpenIdContextImpl} request-scoped, for {@link LoginState}.
 */
public class MechanismHooks implements Extension {

    private static final Logger LOG = Logger.getLogger(MechanismHooks.class.getName());
    private static final String SOTERIA = "org.glassfish.soteria.mechanisms.";
    private static final String WILDFLY = "org.wildfly.security.soteria.original.";

    /** The classes of each point, and the methods of theirs that the point's interceptor takes over or watches. */
    private static final Map<String, Point> CLASSES = Map.of(
            SOTERIA + "OpenIdAuthenticationMechanism", Point.MECHANISM,
            WILDFLY + "OpenIdAuthenticationMechanism", Point.MECHANISM,
            SOTERIA + "openid.controller.AuthenticationController", Point.AUTHORIZATION,
            WILDFLY + "AuthenticationController", Point.AUTHORIZATION,
            SOTERIA + "openid.controller.TokenController", Point.TOKEN,
            WILDFLY + "TokenController", Point.TOKEN,
            SOTERIA + "openid.controller.ProviderMetadataController", Point.DISCOVERY,
            SOTERIA + "openid.controller.UserInfoController", Point.USERINFO,
            WILDFLY + "UserInfoController", Point.USERINFO);
    private static final Map<Point, Set<String>> METHODS = Map.of(
            Point.MECHANISM, Set.of("validateRequest"),
            Point.AUTHORIZATION, Set.of("authenticateUser"),
            Point.TOKEN, Set.of("getTokens", "refreshTokens"),
            Point.DISCOVERY, Set.of("getDocument"),
            Point.USERINFO, Set.of("getUserInfo"));

    /**
     * The mechanism's session-scoped login, request-scoped here: it does not serialize, so {@link LoginState} keeps
     * the login in the session and fills the context at each request.
     */
    private static final Set<String> CONTEXTS = Set.of(
            "org.glassfish.soteria.mechanisms.openid.domain.OpenIdContextImpl", WILDFLY + "OpenIdContextImpl");

    private final Set<Point> bound = EnumSet.noneOf(Point.class);
    private boolean contextScoped;
    private final List<String> problems = new ArrayList<>();

    <T> void bind(@Observes ProcessAnnotatedType<T> type) {
        Class<T> server = type.getAnnotatedType().getJavaClass();
        if (CONTEXTS.contains(server.getName())) {
            type.configureAnnotatedType().remove(a -> a.annotationType() == SessionScoped.class)
                    .add(RequestScoped.Literal.INSTANCE);
            contextScoped = true;
            return;
        }
        Point point = CLASSES.get(server.getName());
        if (point == null) {
            return;
        }
        Set<String> wanted = METHODS.get(point);
        List<AnnotatedMethodConfigurator<? super T>> methods = type.configureAnnotatedType().filterMethods(
                method -> wanted.contains(method.getJavaMember().getName())
                        && method.getJavaMember().getDeclaringClass() == server).toList();
        List<String> found = methods.stream().map(m -> m.getAnnotated().getJavaMember())
                .filter(method -> fits(point, method)).map(Method::getName).distinct().toList();
        if (found.size() != wanted.size()) {
            problems.add(server.getName() + " has no " + wanted + " of the expected shape");
            return;
        }
        methods.forEach(method -> method.add(new MechanismHook.Literal(point)));
        bound.add(point);
    }

    void check(@Observes AfterBeanDiscovery discovery) {
        Set<Point> missing = EnumSet.allOf(Point.class);
        missing.removeAll(bound);
        List<String> redirects = unheldRedirects(HttpServletResponse.class);
        if (!redirects.isEmpty()) {
            problems.add("the authorization request's redirect would pass without PKCE through " + redirects);
        }
        if (!contextScoped) {
            problems.add("no OpenIdContextImpl among " + CONTEXTS + ", whose login would not serialize");
        }
        if (!missing.isEmpty() || !problems.isEmpty()) {
            List<Set<String>> notFound = missing.stream().map(METHODS::get).toList();
            String message = "ChangeBank cannot start: this server's OpenID mechanism is not one ChangeBank knows how"
                    + " to add PKCE and time-outs to; not found: " + notFound
                    + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
            LOG.severe(message);
            discovery.addDefinitionError(new DeploymentException(message));
        }
    }

    /** The {@code sendRedirect} methods of {@code response} that {@link AuthorizationRequestHook.HeldRedirect} does not hold. */
    static List<String> unheldRedirects(Class<?> response) {
        return Stream.of(response.getMethods())
                .filter(method -> method.getName().equals("sendRedirect"))
                .filter(method -> {
                    try {
                        return AuthorizationRequestHook.HeldRedirect.class
                                .getDeclaredMethod("sendRedirect", method.getParameterTypes()) == null;
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                })
                .map(Method::toString).toList();
    }

    /** Whether the interceptor of {@code point} can answer for {@code method} of this server's version. */
    private static boolean fits(Point point, Method method) {
        return switch (point) {
            case MECHANISM -> method.getParameterCount() == 3;
            case AUTHORIZATION -> List.of(method.getParameterTypes())
                    .equals(List.of(HttpServletRequest.class, HttpServletResponse.class));
            case TOKEN -> method.getParameterCount() == 1 && TokenRequestHook.canAnswerAs(method.getReturnType());
            case DISCOVERY -> List.of(method.getParameterTypes()).equals(List.of(String.class))
                    && method.getReturnType() == JsonObject.class;
            case USERINFO -> method.getParameterCount() == 2 && method.getParameterTypes()[1] == AccessToken.class
                    && method.getReturnType() == JsonObject.class;
        };
    }
}
