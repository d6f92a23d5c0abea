package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The authorization request's redirect is held back, whichever sendRedirect the mechanism calls. */
class HeldRedirectTest {

    /** Servlet 6.1's overloads, which the Jakarta EE 10 API compiled against has not: called as Payara 7 would. */
    @Test
    void everyOverloadIsHeldAndNothingReachesTheResponse() throws ReflectiveOperationException {
        List<String> calls = new ArrayList<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, arguments) -> {
                    calls.add(method.getName());
                    return null;
                });
        List<Object[]> overloads = List.of(new Object[] {"https://p/a?1"}, new Object[] {"https://p/a?2", 302},
                new Object[] {"https://p/a?3", true}, new Object[] {"https://p/a?4", 303, false});
        for (Object[] arguments : overloads) {
            AuthorizationRequestHook.HeldRedirect held = new AuthorizationRequestHook.HeldRedirect(response);
            Method sendRedirect = held.getClass().getMethod("sendRedirect", types(arguments));
            sendRedirect.invoke(held, arguments);
            assertEquals(arguments[0], held.location(), sendRedirect::toString);
        }
        assertEquals(List.of(), calls, "the redirects went no further");
    }

    @Test
    void aServerWithAnOverloadNotHeldIsNamed() {
        assertEquals(List.of(), MechanismHooks.unheldRedirects(HttpServletResponse.class));
        List<String> unheld = MechanismHooks.unheldRedirects(FutureResponse.class);
        assertEquals(1, unheld.size(), unheld::toString);
        assertTrue(unheld.get(0).contains("sendRedirect(java.lang.String,java.lang.String)"), unheld::toString);
    }

    /** A response of a Servlet version to come, with a redirect of a shape HeldRedirect does not know. */
    interface FutureResponse extends HttpServletResponse {
        void sendRedirect(String location, String reason);
    }

    private static Class<?>[] types(Object[] arguments) {
        Class<?>[] types = new Class<?>[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            types[i] = arguments[i] instanceof Integer ? int.class
                    : arguments[i] instanceof Boolean ? boolean.class : String.class;
        }
        return types;
    }
}
