package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flood of logins costs a bounded number of sessions: beyond the bound, the oldest unfinished login ends. */
class LoginSessionsTest {

    /** A session of the test's own: its id, attributes, timeout, and whether it was ended. */
    private static final class FakeSession {
        private final String id;
        private final Map<String, Object> attributes = new HashMap<>();
        private int timeout = 1800;
        private boolean ended;
        private final HttpSession session;

        FakeSession(String id) {
            this.id = id;
            session = (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpSession.class}, (proxy, method, arguments) -> {
                        if (ended && !method.getName().equals("invalidate")) {
                            throw new IllegalStateException("invalidated");
                        }
                        return switch (method.getName()) {
                            case "getId" -> id;
                            case "setMaxInactiveInterval" -> {
                                timeout = (int) arguments[0];
                                yield null;
                            }
                            case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                            case "getAttribute" -> attributes.get((String) arguments[0]);
                            case "removeAttribute" -> attributes.remove((String) arguments[0]);
                            case "invalidate" -> {
                                ended = true;
                                yield null;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    });
        }
    }

    @Test
    void beyondTheBoundTheOldestUnfinishedLoginEndsAndAFinishedOneNever() {
        List<FakeSession> sessions = new ArrayList<>();
        for (int i = 0; i < LoginSessions.MAX_UNFINISHED + 10; i++) {
            FakeSession session = new FakeSession("flood-" + i);
            sessions.add(session);
            LoginSessions.opened(session.session);
            assertEquals(LoginSessions.UNFINISHED_LOGIN_SECONDS, session.timeout);
            if (i == 0) {
                // The first one's user logs in before the flood goes on.
                LoginSessions.finished(request(session.session));
                assertEquals(30 * 60, session.timeout, "web.xml's timeout after the login");
            }
        }
        assertFalse(sessions.get(0).ended, "a finished login is never ended for the flood");
        // The finished login left the bound: of the 10 beyond it, 9 unfinished ones had to end, the oldest.
        for (int i = 1; i <= 9; i++) {
            assertTrue(sessions.get(i).ended, "the oldest unfinished logins ended: " + i);
        }
        assertTrue(sessions.subList(10, sessions.size()).stream().noneMatch(s -> s.ended), "the others live");
        assertTrue(LoginSessions.count() <= LoginSessions.MAX_UNFINISHED, () -> "kept " + LoginSessions.count());
    }

    private static HttpServletRequest request(HttpSession session) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(LoginSessionsTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("getSessionTimeout")) {
                        return 30;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (HttpServletRequest) Proxy.newProxyInstance(LoginSessionsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getSession" -> session;
                    case "getServletContext" -> context;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
