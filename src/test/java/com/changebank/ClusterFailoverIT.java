package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.change.Change;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.Cluster;
import com.changebank.support.Haproxy;
import com.changebank.support.FreePort;
import com.changebank.support.Keycloak;
import com.changebank.support.Pause;
import com.changebank.support.TestServers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jsoup.nodes.Element;

/**
 * Two nodes in one cluster behind HAProxy, on 127.0.0.1. Users log in through the load balancer; the node serving
 * the first of them is killed (SIGKILL) while they keep using the app. Every request must then succeed, or pass
 * through one trip to the provider and back (its single sign-on logs the user in again on the other node): no error,
 * and no page showing another user. The killed node, started again, rejoins the cluster and takes new users.
 */
class ClusterFailoverIT {

    private static final int USERS = 4;
    private static final String PASSWORD = "password";
    private static final Duration BEFORE_KILL = Duration.ofSeconds(3);
    private static final Duration AFTER_KILL = Duration.ofSeconds(6);

    private static Keycloak keycloak;
    private static Cluster cluster;

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger throughProvider = new AtomicInteger();
    private final AtomicInteger formsPostedToTheDeadNode = new AtomicInteger();
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
        keycloak.allowApp("http://localhost:" + port);
        for (int i = 0; i < USERS; i++) {
            keycloak.addUser(email(i), PASSWORD);
        }
        cluster = Cluster.start(2, port, keycloak.issuer(), Path.of("target", "cluster-it"), System.out::println);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void usersOfAKilledNodeCarryOnAndTheNodeComesBack() throws Exception {
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

        // The users stop meanwhile: on two cores, their load would only slow the restart down.
        Instant restarted = Instant.now();
        cluster.restart(cluster.node(victim));
        Duration live = Duration.between(restarted, Instant.now());
        Duration rejoin = cluster.awaitMembers(cluster.node(victim), 2);
        User newcomer = newUserOn(victim);
        System.out.println(victim + " started again: live after " + live.toSeconds() + " s, in the cluster of 2"
                + " (\"DG Size: 2\") " + rejoin.toMillis() + " ms later, a new user logged in on it "
                + Duration.between(restarted, Instant.now()).toSeconds() + " s after the restart");
        String survivor = users.stream().map(User::node).filter(n -> !n.equals(victim)).findFirst().orElseThrow();
        for (User user : users) {
            user.check(() -> user.browser.get(cluster.url() + "/account"), "/account");
            assertEquals(survivor, user.node(), "users stay where they are when the node comes back");
        }

        System.out.printf("Failover: %d requests (%d in the %d s after the kill), %d through the provider and back"
                        + " (%d of them forms posted to the dead node), %d errors, %d pages of another user%n",
                requests.get(), afterKill, AFTER_KILL.toSeconds(), throughProvider.get(),
                formsPostedToTheDeadNode.get(), errors.size(), leaks.size());
        assertTrue(errors.isEmpty(), () -> errors.size() + " errors, first: " + errors.peek());
        assertTrue(leaks.isEmpty(), () -> leaks.size() + " pages of another user, first: " + leaks.peek());
        assertEquals(moved.size(), formsPostedToTheDeadNode.get(), "every form posted to the dead node came back");
        assertTrue(throughProvider.get() >= moved.size(), "the users of " + victim + " logged in again");
        assertEquals(victim, newcomer.node(), "the restarted node takes new users");
    }

    /**
     * A new user whom HAProxy sends to {@code node}: fresh visitors of the home page until one gets that node's
     * cookie (HAProxy alternates, once two checks a second apart found the node live), who then logs in there.
     */
    private User newUserOn(String node) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Browser browser = new Browser();
            browser.get(cluster.url() + "/");
            if (node.equals(browser.cookie("localhost", "SRV"))) {
                User user = new User("richard@example.com", browser);
                assertEquals(node, user.node(), "the new user stays on " + node);
                return user;
            }
            Pause.pause(Duration.ofMillis(250));
        }
        throw new AssertionError("HAProxy sent no new visitor to " + node + " in 30 s");
    }

    private static String email(int i) {
        return "failover" + i + "@example.com";
    }

    /** A user with their own browser, logged in through the load balancer. */
    private final class User {
        private final String email;
        private final Browser browser;

        User(String email) {
            this(email, new Browser());
        }

        User(String email, Browser browser) {
            this.email = email;
            this.browser = browser;
            Page form = browser.get(cluster.url() + "/login");
            Page account = browser.submit(form.form("form#kc-form-login"), Map.of("username", email, "password", PASSWORD));
            assertEquals(cluster.url() + "/account", account.uri().toString(), () -> "login of " + email);
            assertEquals(email, account.document().selectFirst(".account-email").text());
        }

        /** The node HAProxy keeps this user on. */
        String node() {
            String node = browser.cookie("localhost", "SRV");
            assertNotNull(node, "HAProxy's cookie");
            return node;
        }

        String csrfToken() {
            Page form = check(() -> browser.get(cluster.url() + "/make-change"), "/make-change");
            return form == null ? "" : form.document().selectFirst("input[name=_csrf]").val();
        }

        void work(AtomicBoolean stop) {
            while (!stop.get()) {
                if (holdingAForm.remove(this)) {
                    postFormAfterTheKill(csrfToken());
                }
                check(() -> browser.get(cluster.url() + "/account"), "/account");
                String csrf = csrfToken();
                String amount = (requests.get() % 10_000) + ".07";
                Page change = check(() -> browser.post(cluster.url() + "/make-change",
                        Map.of("_csrf", csrf, "amount", amount)), "/make-change");
                if (change != null && change.redirects().isEmpty()) {
                    Element result = change.document().selectFirst(".result");
                    if (result == null || !result.text().equals(Change.of(amount).describe())) {
                        errors.add(email + ": make change for " + amount + " showed " + change.body());
                    }
                }
            }
        }

        /**
         * A form whose session died with its node: the post goes to the other node, which has no session, so through
         * the provider and back to the form (the post is not replayed: its CSRF token was the dead session's).
         */
        private void postFormAfterTheKill(String csrf) {
            formsOpen.countDown();
            try {
                nodeKilled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Page page = check(() -> browser.post(cluster.url() + "/make-change", Map.of("_csrf", csrf, "amount", "1.07")),
                    "/make-change");
            if (page != null && page.redirects().stream().anyMatch(ClusterFailoverIT::atProvider)) {
                formsPostedToTheDeadNode.incrementAndGet();
            }
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
