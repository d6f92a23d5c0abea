package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.change.Change;
import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.fusionauth.FusionAuthStandIn.User;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Fifty users logged in at once, each asking for its account and making change for a minute
 * ({@code -Dload.seconds} to change it): no error, and every page shows its own user, never another's.
 */
class LoadIT extends FusionAuthTest {

    private static final int USERS = 50;
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("load.seconds", 60));

    @Test
    void everyUserSeesOnlyTheirOwnAccountUnderLoad() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String email = "user" + i + "@example.com";
            User user = provider.register(String.format("00000000-0000-0000-0001-%012d", i), email);
            Browser browser = new Browser();
            Page account = logIn(browser, app + "login", user);
            assertEquals(URI.create(app + "account"), account.uri(), email);
            String csrf = browser.get(app + "make-change").document().selectFirst("input[name=_csrf]").val();
            sessions.add(new Session(email, browser, csrf));
        }

        AtomicLong requests = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Instant end = Instant.now().plus(DURATION);
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        List<Future<?>> running = new ArrayList<>();
        for (Session session : sessions) {
            running.add(pool.submit(() -> session.work(end, requests, errors)));
        }
        for (Future<?> future : running) {
            future.get();
        }
        pool.shutdown();
        System.out.printf("Load: %d users, %d s, %d requests, %d errors%n", USERS, DURATION.toSeconds(),
                requests.get(), errors.size());
        assertTrue(errors.isEmpty(), () -> errors.size() + " errors, first: " + errors.peek());
        assertTrue(requests.get() > USERS * 10L, "the load ran: " + requests.get() + " requests");
    }

    private final class Session {
        private final String email;
        private final Browser browser;
        private final String csrf;
        private final Random random = new Random();

        Session(String email, Browser browser, String csrf) {
            this.email = email;
            this.browser = browser;
            this.csrf = csrf;
        }

        void work(Instant end, AtomicLong requests, ConcurrentLinkedQueue<String> errors) {
            while (Instant.now().isBefore(end)) {
                try {
                    check(browser.get(app + "account"), ".account-email", email);
                    String amount = random.nextInt(10_000) + "." + (10 + random.nextInt(90));
                    Page change = browser.post(app + "make-change", Map.of("_csrf", csrf, "amount", amount));
                    check(change, ".result", Change.of(amount).describe());
                } catch (RuntimeException | AssertionError e) {
                    errors.add(email + ": " + e);
                }
                requests.addAndGet(2);
            }
        }

        private void check(Page page, String selector, String expected) {
            if (page.status() != 200) {
                throw new AssertionError(page.uri() + " answered " + page.status());
            }
            String header = page.document().selectFirst("header .email").text();
            String content = page.document().selectFirst(selector).text();
            if (!header.equals(email) || !content.equals(expected)) {
                throw new AssertionError(page.uri() + " showed " + header + " / " + content);
            }
        }
    }
}
