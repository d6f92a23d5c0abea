package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingLoginsTest {

    /** RFC 7636, appendix B: the example verifier and its S256 challenge. */
    @Test
    void challengeIsTheRfcsS256() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                PendingLogins.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void verifiersAre43UnreservedCharactersAndNeverRepeat() {
        long distinct = IntStream.range(0, 1000).mapToObj(i -> PendingLogins.newVerifier())
                .peek(verifier -> assertTrue(verifier.matches("[A-Za-z0-9_-]{43}"), verifier)).distinct().count();
        assertEquals(1000, distinct);
    }

    @Test
    void aLoginIsTakenOnceByItsState() {
        HttpSession session = session();
        PendingLogins.add(session, "first", login("a"));
        PendingLogins.add(session, "second", login("b"));
        assertEquals("a", PendingLogins.take(session, "first").orElseThrow().verifier());
        assertEquals(Optional.empty(), PendingLogins.take(session, "first"));
        assertEquals("b", PendingLogins.take(session, "second").orElseThrow().verifier());
        assertEquals(Optional.empty(), PendingLogins.take(null, "second"));
    }

    @Test
    void theOldestLoginGivesWayPastTheLimit() {
        HttpSession session = session();
        IntStream.rangeClosed(0, PendingLogins.MAX_PER_SESSION)
                .forEach(i -> PendingLogins.add(session, "state" + i, login("v" + i)));
        assertEquals(Optional.empty(), PendingLogins.take(session, "state0"));
        assertTrue(PendingLogins.take(session, "state" + PendingLogins.MAX_PER_SESSION).isPresent());
    }

    @Test
    void aLoginKeepsTheAttributesItsRequestChanged() {
        HttpSession session = session();
        session.setAttribute("kept", "same");
        session.setAttribute("oidc.state", "of the first tab");
        Map<String, Object> before = PendingLogins.attributes(session);
        session.setAttribute("oidc.state", "of the second tab");
        session.setAttribute("oidc.nonce", "new");
        assertEquals(Map.of("oidc.state", "of the second tab", "oidc.nonce", "new"),
                PendingLogins.changedSince(session, before));
        assertNotEquals(before, PendingLogins.attributes(session));
    }

    private static PendingLogins.Login login(String verifier) {
        return new PendingLogins.Login(verifier, "http://localhost/callback", Map.of());
    }

    /** A session that only holds attributes, and has an id. */
    /** A session of attributes only, as the tests of this package need. */
    static HttpSession session() {
        Map<String, Object> attributes = Collections.synchronizedMap(new HashMap<>());
        String id = UUID.randomUUID().toString();
        return (HttpSession) Proxy.newProxyInstance(HttpSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) arguments[0]);
                    case "setAttribute" -> attributes.put((String) arguments[0], arguments[1]);
                    case "removeAttribute" -> attributes.remove((String) arguments[0]);
                    case "getAttributeNames" -> Collections.enumeration(Map.copyOf(attributes).keySet());
                    case "getId" -> id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
