package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.change.Change;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Cluster;
import com.changebank.support.FreePort;
import com.changebank.support.Haproxy;
import com.changebank.support.Keycloak;
import com.changebank.support.Pause;
import com.changebank.support.TestServers;
import com.changebank.support.TlsProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes in one cluster behind HAProxy, on 127.0.0.1, their sessions in the cluster's data grid, and a second
 * HAProxy in front terminating TLS with a certificate the test makes (APP_URL https). Users log in through it; the node serving the first of them is killed (SIGKILL) while they keep using the app.
 * Every request must then succeed on the other node with no trip to the provider, and Keycloak must see no request
 * of ChangeBank's (its events, counted); a make-change form opened before the kill posts after it, and shows the
 * change. Then a rolling restart: the killed node comes back and holds the sessions, the other one is killed, and
 * the users are still logged in, again without the provider.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

    private static final int USERS = 4;
    private static final String PASSWORD = "password";
    private static final String AMOUNT = "1.07";
    private static final Duration BEFORE_KILL = Duration.ofSeconds(3);
    private static final Duration AFTER_KILL = Duration.ofSeconds(6);
    private static final HttpClient PROBE = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static Keycloak keycloak;
    private static Cluster cluster;
    /** HAProxy terminating TLS in front of the cluster's HAProxy, as users deploy it: the users' address. */
    private static TlsProxy tls;
    private static String app;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throughProvider = new AtomicInteger();
    private final AtomicInteger formsPostedAcrossTheKill = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();
    private final Set<User> holdingAForm = ConcurrentHashMap.newKeySet();
    private final CountDownLatch formsOpen = new CountDownLatch(USERS);
    private final CountDownLatch nodeKilled = new CountDownLatch(1);

    @BeforeAll
    static void startCluster() {
        Haproxy.assumeInstalled();
        keycloak = TestServers.keycloak();
        int port = FreePort.find();
        int tlsPort = FreePort.find();
        app = "https://localhost:" + tlsPort;
        keycloak.allowApp(app);
        for (int i = 0; i < USERS; i++) {
            keycloak.addUser(email(i), PASSWORD);
        }
        Path directory = Path.of("target", "cluster-it");
        cluster = Cluster.start(2, port, keycloak.issuer(), app, directory, System.out::println, true);
        tls = TlsProxy.start(tlsPort, port, directory.resolve("tls"));
    }

    @AfterAll
    static void stopCluster() {
        if (tls != null) {
            tls.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A session ended on one node ends on every node by the revocation rules: Payara's other node answers from the
     * copy it read before (it keeps a session it has cached while the browser's version cookie matches, and nothing
     * tells it of the end), but that copy's refresh token was revoked at logout, so its next refresh ends it. Here
     * with 12 s tokens, expired for the mechanism 2 s after the login (it refreshes 10 s early); 300 s in the
     * kickstart and the realm.
     */
    @Test
    @Order(1)
    void aLoggedOutSessionEndsOnEveryNodeAtItsNextRefresh() {
        keycloak.tokenLifespan(Duration.ofSeconds(12));
        try {
            User user = new User("richard@example.com");
            Instant loggedIn = Instant.now();
            String cookies = user.browser.cookieHeader(app + "/account");
            for (Cluster.Node node : cluster.nodes()) {
                assertEquals(200, probe(node, cookies), "before the logout, " + node.name() + " has the login");
            }
            Cluster.Node own = cluster.node(user.node());
            Page home = user.browser.submit(user.browser.get(app + "/account").form("header form.logout"),
                    Map.of());
            assertEquals("Log in", home.document().selectFirst("header a.button").text());
            assertEquals(302, probe(own, cookies), "after the logout, " + own.name() + " starts a new login");
            for (Cluster.Node node : cluster.nodes()) {
                if (!node.equals(own)) {
                    System.out.println("Logged out on " + own.name() + ": " + node.name() + " answered "
                            + probe(node, cookies) + " from its copy at once");
                    Pause.pause(Duration.between(Instant.now(), loggedIn.plusSeconds(3)));
                    assertEquals(302, probe(node, cookies), node.name() + " refreshed the copy's tokens");
                }
            }
        } finally {
            keycloak.tokenLifespan(Duration.ofMinutes(5));
        }
    }

    @Test
    @Order(2)
    void aLoginOutlivesItsNodeAndARollingRestart() throws Exception {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(new User(email(i)));
        }
        String victim = users.get(0).node();
        List<User> moved = users.stream().filter(u -> u.node().equals(victim)).toList();
        assertTrue(moved.size() < USERS, "HAProxy spread the users over both nodes: all are on " + victim);
        for (int i = moved.size(); i < USERS; i++) {
            formsOpen.countDown();
        }
        keycloak.recordClientEvents();

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        List<Future<?>> working = new ArrayList<>();
        int afterKill;
        try {
            users.forEach(user -> working.add(pool.submit(() -> user.work(stop))));
            Thread.sleep(BEFORE_KILL.toMillis());

            // Each user of the victim opens the make-change form, and posts it once the node is dead.
            holdingAForm.addAll(moved);
            assertTrue(formsOpen.await(30, TimeUnit.SECONDS), "the users of " + victim + " opened the form");
            cluster.kill(cluster.node(victim));
            int atKill = requests.get();
            nodeKilled.countDown();
            System.out.println("Killed " + victim + " (SIGKILL), which served " + moved.size() + " of " + USERS
                    + " users");
            Thread.sleep(AFTER_KILL.toMillis());
            afterKill = requests.get() - atKill;
        } finally {
            stop.set(true);
            pool.shutdown();
        }
        for (Future<?> future : working) {
            future.get(1, TimeUnit.MINUTES);
        }
        System.out.printf("Failover: %d requests (%d in the %d s after the kill), %d through the provider, %d"
                        + " forms posted across the kill, %d errors, %d pages of another user%n",
                requests.get(), afterKill, AFTER_KILL.toSeconds(), throughProvider.get(),
                formsPostedAcrossTheKill.get(), errors.size(), leaks.size());
        assertTrue(errors.isEmpty(), () -> errors.size() + " errors, first: " + errors.peek());
        assertTrue(leaks.isEmpty(), () -> leaks.size() + " pages of another user, first: " + leaks.peek());
        assertEquals(moved.size(), formsPostedAcrossTheKill.get(), "every form opened before the kill posted after it");
        assertEquals(0, throughProvider.get(), "no page went through the provider");
        assertEquals(List.of(), keycloak.clientEvents(), "requests of ChangeBank's that Keycloak saw");

        // The rolling restart: the killed node comes back and takes the sessions over, then the other one goes.
        String survivor = cluster.nodes().stream().map(Cluster.Node::name).filter(n -> !n.equals(victim))
                .findFirst().orElseThrow();
        Instant restarted = Instant.now();
        cluster.restart(cluster.node(victim));
        cluster.awaitMembers(cluster.node(victim), 2);
        for (User user : users) {
            awaitLogin(cluster.node(victim), user.browser.cookieHeader(app + "/account"));
        }
        System.out.println(victim + " started again, in the cluster of 2 and serving every user's session "
                + Duration.between(restarted, Instant.now()).toSeconds() + " s after the restart");
        Map<User, String> forms = new LinkedHashMap<>();
        for (User user : users) {
            forms.put(user, user.csrfToken());
        }
        cluster.kill(cluster.node(survivor));
        System.out.println("Killed " + survivor + " (SIGKILL)");
        forms.forEach(User::postChange);
        for (User user : users) {
            user.check(() -> user.browser.get(app + "/account"), "/account");
            assertEquals(victim, user.node(), "HAProxy sent " + user.email + " to the node left");
        }
        assertTrue(errors.isEmpty(), () -> errors.size() + " errors after the rolling restart, first: " + errors.peek());
        assertTrue(leaks.isEmpty(), () -> leaks.size() + " pages of another user, first: " + leaks.peek());
        assertEquals(0, throughProvider.get(), "no page went through the provider in the rolling restart");
        assertEquals(List.of(), keycloak.clientEvents(), "requests of ChangeBank's that Keycloak saw");
    }

    /**
     * The status of {@code GET /account} on {@code node} itself, with a user's cookies (HAProxy's is ignored there)
     * and no redirect followed: 200 where the node finds the login, 302 where it starts a new one. The user's
     * browser would take the new session's cookie of a 302: this one drops it.
     */
    private static int probe(Cluster.Node node, String cookies) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/account"))
                .header("Cookie", cookies).timeout(Duration.ofSeconds(10)).build();
        try {
            return PROBE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(node.name() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code node} finds the session's login: the data grid has given it the sessions. */
    private static void awaitLogin(Cluster.Node node, String cookies) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (probe(node, cookies) != 200) {
            assertTrue(Instant.now().isBefore(deadline), node.name() + " found no login of a session in 30 s");
            Pause.pause(Duration.ofMillis(250));
        }
    }

    private static String email(int i) {
        return "failover" + i + "@example.com";
    }

    /** A user with their own browser, logged in through the load balancer. */
    private final class User {
        private final String email;
        private final Browser browser = new Browser(tls.trustingIt());

        User(String email) {
            this.email = email;
            Page form = browser.get(app + "/login");
            Page account = browser.submit(form.form("form#kc-form-login"), Map.of("username", email, "password", PASSWORD));
            assertEquals(app + "/account", account.uri().toString(), () -> "login of " + email);
            assertEquals(email, account.document().selectFirst(".account-email").text());
        }

        /** The node HAProxy keeps this user on. */
        String node() {
            String node = browser.cookie("localhost", "SRV");
            assertNotNull(node, "HAProxy's cookie");
            return node;
        }

        String csrfToken() {
            Page form = check(() -> browser.get(app + "/make-change"), "/make-change");
            return form == null ? "" : form.document().selectFirst("input[name=_csrf]").val();
        }

        void work(AtomicBoolean stop) {
            while (!stop.get()) {
                if (holdingAForm.remove(this)) {
                    postFormAfterTheKill(csrfToken());
                }
                check(() -> browser.get(app + "/account"), "/account");
                String amount = (requests.get() % 10_000) + ".07";
                postChange(csrfToken(), amount);
            }
        }

        /** Posts a form opened before the kill, once the node that served it is dead. */
        private void postFormAfterTheKill(String csrf) {
            formsOpen.countDown();
            try {
                nodeKilled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (postChange(csrf, AMOUNT)) {
                formsPostedAcrossTheKill.incrementAndGet();
            }
        }

        void postChange(String csrf) {
            postChange(csrf, AMOUNT);
        }

        /** Posts the make-change form with this CSRF token; true if the page shows the change of {@code amount}. */
        private boolean postChange(String csrf, String amount) {
            Page change = check(() -> browser.post(app + "/make-change",
                    Map.of("_csrf", csrf, "amount", amount)), "/make-change");
            if (change == null) {
                return false;
            }
            Element result = change.document().selectFirst(".result");
            if (!change.redirects().isEmpty() || result == null || !result.text().equals(Change.of(amount).describe())) {
                errors.add(email + ": make change for " + amount + " showed " + change.body());
                return false;
            }
            return true;
        }

        /**
         * Counts the request and checks its page: 200 on the page asked for, this user's email in the header, at
         * most one trip to the provider on the way. Returns the page, or null after an error.
         */
        private Page check(Supplier<Page> request, String path) {
            requests.incrementAndGet();
            Page page;
            try {
                page = request.get();
            } catch (RuntimeException e) {
                errors.add(email + ": " + path + ": " + e);
                return null;
            }
            long trips = page.redirects().stream().filter(ClusterFailoverIT::atProvider).count();
            if (trips > 0) {
                throughProvider.incrementAndGet();
            }
            if (page.status() != 200 || !page.uri().getPath().equals(path) || trips > 1) {
                errors.add(email + ": " + path + " ended on " + page.uri() + " with " + page.status() + " after "
                        + page.redirects());
                return null;
            }
            Element header = page.document().selectFirst("header .email");
            if (header == null || !header.text().equals(email)) {
                leaks.add(email + ": " + path + " showed " + (header == null ? "no user" : header.text()));
                return null;
            }
            return page;
        }
    }

    private static boolean atProvider(URI uri) {
        return uri.toString().startsWith(keycloak.issuer());
    }
}
