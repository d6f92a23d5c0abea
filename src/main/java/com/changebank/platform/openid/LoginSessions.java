package com.changebank.platform.openid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sessions opened for logins not finished yet. Any anonymous request to a protected page opens one, so a client
 * can open as many as it can send requests: each lives {@value #UNFINISHED_LOGIN_SECONDS} s rather than web.xml's
 * 30 minutes, and beyond {@value #MAX_UNFINISHED} of them the oldest ends, whatever the rate. A flood then costs a
 * bounded heap (about 3.4 KB a session, measured: some 17 MB), and what it takes from real users is a login started
 * during it, whose callback finds no login under way: "Login failed" and "Try again", which the provider's single
 * sign-on completes at once. A proxy's rate limit (docs/security.md) keeps the flood from the app altogether.
 */
final class LoginSessions {

    /**
     * 5 minutes: a person at the provider's form needs a minute or two (a forgotten password a few more, but that is a
     * flow of its own); after the login, web.xml's timeout applies.
     */
    static final int UNFINISHED_LOGIN_SECONDS = 5 * 60;
    /** Some 17 MB: 5,000 people at the provider's form within 5 minutes is more than a quickstart meets. */
    static final int MAX_UNFINISHED = 5_000;

    /** Marks a session whose login is under way, so that one whose login has ended is never ended for it. */
    private static final String UNFINISHED_MARK = LoginSessions.class.getName();
    /** By session id, oldest first; a session that ended by itself stays until it is the oldest, and costs little. */
    private static final Map<String, HttpSession> UNFINISHED = new LinkedHashMap<>();

    private LoginSessions() {
    }

    /** {@code session} was opened by an authorization request, for its login alone. */
    static void opened(HttpSession session) {
        session.setMaxInactiveInterval(UNFINISHED_LOGIN_SECONDS);
        session.setAttribute(UNFINISHED_MARK, Boolean.TRUE);
        Map.Entry<String, HttpSession> oldest = null;
        synchronized (UNFINISHED) {
            UNFINISHED.put(session.getId(), session);
            if (UNFINISHED.size() > MAX_UNFINISHED) {
                Iterator<Map.Entry<String, HttpSession>> sessions = UNFINISHED.entrySet().iterator();
                oldest = sessions.next();
                sessions.remove();
            }
        }
        if (oldest != null) {
            end(oldest.getKey(), oldest.getValue());
        }
    }

    /**
     * The login of {@code request}'s session has ended in a login: the session is a user's, with web.xml's timeout.
     * Its id may have changed on the way (Payara changes it at login): the entry under the old one is left to age out.
     */
    static void finished(HttpServletRequest request) {
        HttpSession session = request.getSession();
        session.removeAttribute(UNFINISHED_MARK);
        synchronized (UNFINISHED) {
            UNFINISHED.remove(session.getId());
        }
        session.setMaxInactiveInterval(request.getServletContext().getSessionTimeout() * 60);
    }

    /** Ends the login under way in {@code session}, if it is still the session of {@code id} and still under way. */
    private static void end(String id, HttpSession session) {
        try {
            if (id.equals(session.getId()) && session.getAttribute(UNFINISHED_MARK) != null) {
                session.invalidate();
            }
        } catch (IllegalStateException endedAlready) {
            // It timed out, or its user logged in and out.
        }
    }

    /** How many are kept now, for the tests. */
    static int count() {
        synchronized (UNFINISHED) {
            return UNFINISHED.size();
        }
    }
}
