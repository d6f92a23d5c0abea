package com.changebank.platform.openid;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The logins a session has under way, by their {@code state}. The mechanism keeps one login per session (its state,
 * nonce and the page that asked, in session attributes of its own), so a login started in a second tab overwrites
 * the first one's, which then fails. Here each authorization request keeps what it wrote there, with its PKCE
 * verifier, and its callback puts it back before the mechanism looks. Nothing here knows the mechanism's attribute
 * names: a login's attributes are those its authorization request changed.
 */
final class PendingLogins {

    /** Enough for the tabs of one person; a client that opens more only loses its oldest. */
    static final int MAX_PER_SESSION = 8;

    private static final String SESSION_ATTRIBUTE = PendingLogins.class.getName();
    /** Where the callback leaves its login for the token request of the same request. */
    private static final String REQUEST_ATTRIBUTE = PendingLogins.class.getName() + ".exchange";
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * A session's changes are made under one of these locks, chosen by its id: the container may hand the same
     * session out as different objects, and one lock for all sessions would make every login wait for the others.
     */
    private static final Object[] LOCKS = new Object[64];

    static {
        Arrays.setAll(LOCKS, i -> new Object());
    }

    /** One authorization request: its PKCE verifier, its redirect URI and the session attributes it wrote. */
    record Login(String verifier, String redirectUri, Map<String, Object> attributes) implements Serializable {
    }

    private PendingLogins() {
    }

    /** 256 bits from a CSPRNG, base64url without padding: 43 characters, within RFC 7636's 43 to 128. */
    static String newVerifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The S256 code challenge of {@code verifier}. */
    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** The session's attributes now, to tell afterwards which ones an authorization request wrote. */
    static Map<String, Object> attributes(HttpSession session) {
        Map<String, Object> attributes = new HashMap<>();
        if (session != null) {
            Collections.list(session.getAttributeNames())
                    .forEach(name -> attributes.put(name, session.getAttribute(name)));
        }
        return attributes;
    }

    /** The attributes of {@code session} that are not as they were {@code before}. */
    static Map<String, Object> changedSince(HttpSession session, Map<String, Object> before) {
        Map<String, Object> changed = new HashMap<>(attributes(session));
        changed.entrySet().removeIf(attribute -> Objects.equals(before.get(attribute.getKey()), attribute.getValue()));
        changed.remove(SESSION_ATTRIBUTE);
        return changed;
    }

    static void add(HttpSession session, String state, Login login) {
        synchronized (lock(session)) {
            LinkedHashMap<String, Login> logins = new LinkedHashMap<>(pending(session));
            logins.put(state, login);
            while (logins.size() > MAX_PER_SESSION) {
                logins.remove(logins.keySet().iterator().next());
            }
            // A new map each time, set again: a session store that replicates sees every change.
            session.setAttribute(SESSION_ATTRIBUTE, logins);
        }
    }

    /** The login of {@code state}, which is no longer pending: a state is good for one callback. */
    static Optional<Login> take(HttpSession session, String state) {
        if (session == null) {
            return Optional.empty();
        }
        synchronized (lock(session)) {
            LinkedHashMap<String, Login> logins = new LinkedHashMap<>(pending(session));
            Login login = logins.remove(state);
            if (login != null) {
                session.setAttribute(SESSION_ATTRIBUTE, logins);
            }
            return Optional.ofNullable(login);
        }
    }

    /** Hands the callback's login to the token request that the mechanism makes within the same request. */
    static void exchangeNext(HttpServletRequest request, Login login) {
        request.setAttribute(REQUEST_ATTRIBUTE, login);
    }

    /** The login whose code is exchanged now, if the callback handed one over; it can be had once. */
    static Optional<Login> toExchange(HttpServletRequest request) {
        Login login = (Login) request.getAttribute(REQUEST_ATTRIBUTE);
        request.removeAttribute(REQUEST_ATTRIBUTE);
        return Optional.ofNullable(login);
    }

    /** True if the callback handed over a login that no token request took: the token hook did not run. */
    static boolean notExchanged(HttpServletRequest request) {
        return request.getAttribute(REQUEST_ATTRIBUTE) != null;
    }

    static Object lock(HttpSession session) {
        return LOCKS[Math.floorMod(session.getId().hashCode(), LOCKS.length)];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Login> pending(HttpSession session) {
        Object logins = session.getAttribute(SESSION_ATTRIBUTE);
        return logins instanceof Map ? (Map<String, Login>) logins : Map.of();
    }
}
