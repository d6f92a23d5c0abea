package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.fusionauth.FusionAuthTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/**
 * Over a thousand hostile make-change posts from a logged-in user: none may get a 5xx, a stack trace or the
 * server's own page, and each answer is a well-formed ChangeBank page.
 */
class HostileInputIT extends FusionAuthTest {

    private static final int POSTS = 1200;
    private static final String[] SAMPLES = {
        "١٢٣", "１２３", "১২৩", "٣.٥٠", "12\u00A0345", "1\u202E00", "\u0000", "1\u0000", "\u0007\b\t\n\r",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE accounts; --",
        "%00", "%2e%2e%2f", "%zz", "1%2C234.57", "${7*7}", "#{7*7}", "{{7*7}}", "NaN", "-Infinity", "1e309",
        "0x1F", "0b101", "1_000", "--1", "+-1", "1..0", ".", "$", ",", "1,2,3", "९९", "Ⅻ", "𝟏𝟐𝟑", "1 000",
        "99999999999999999999999999999999", "0.000000000000000000001", "-0", "  0.30  ", "$1,234.57",
    };

    @Test
    void hostilePostsGetAWellFormedAnswer() {
        Browser browser = new Browser();
        assertEquals(200, logIn(browser).status());
        Page form = browser.get(app + "make-change");
        String csrf = form.document().selectFirst("input[name=_csrf]").val();
        Random random = new Random(20261127);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            Request request = hostile(random, csrf);
            String problem;
            try {
                problem = problem(browser.post(app + "make-change", request.contentType(), request.body()));
            } catch (RuntimeException e) {
                problem = e.toString();
            }
            if (problem != null) {
                failures.add(request + " -> " + problem);
            }
        }
        System.out.println("Hostile posts sent: " + POSTS + ", failures: " + failures.size());
        assertTrue(failures.isEmpty(), () -> failures.size() + " bad answers, first: " + failures.get(0));
    }

    private record Request(String contentType, String body) {
        @Override
        public String toString() {
            return contentType + " " + (body.length() > 80 ? body.substring(0, 80) + "... (" + body.length() + ")" : body);
        }
    }

    private static Request hostile(Random random, String csrf) {
        String form = "application/x-www-form-urlencoded";
        String token = "_csrf=" + csrf;
        String amount = amount(random);
        return switch (random.nextInt(8)) {
            case 0 -> new Request(form, token + "&amount=" + encode(amount));
            case 1 -> new Request(form, token + "&amount=" + amount.replace("&", "%26"));  // raw, as typed
            case 2 -> new Request(form, token + "&amount=1.00&amount=" + encode(amount));  // duplicate field
            case 3 -> new Request(form, token);                                              // no amount
            // Bodies of a type the app does not read stay small: the server refuses them without reading them, and
            // Java's HTTP client waits to send all of a large body before it reads the answer.
            case 4 -> new Request("text/plain", token + "&amount=" + encode(SAMPLES[random.nextInt(SAMPLES.length)]));
            case 5 -> new Request("application/json", "{\"_csrf\":\"" + csrf + "\",\"amount\":\"1.00\"}");
            case 6 -> new Request("multipart/form-data", token + "&amount=1");               // no boundary
            default -> new Request(form + "; charset=ISO-8859-1", token + "&amount=" + encode(amount));
        };
    }

    private static String amount(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> SAMPLES[random.nextInt(SAMPLES.length)];
            case 1 -> "9".repeat(1 + random.nextInt(200_000));                              // huge
            case 2 -> random.ints(1 + random.nextInt(40), 0, 0x3000)                         // any characters
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            default -> random.nextInt(100_000) + "." + random.nextInt(100);
        };
    }

    /** What is wrong with an answer, or null: only 200, 400 or 403 and ChangeBank's own page are right. */
    private static String problem(Page page) {
        if (page.status() >= 500) {
            return page.status() + " server error";
        }
        if (page.status() != 200 && page.status() != 400 && page.status() != 403 && page.status() != 415) {
            return "unexpected status " + page.status();
        }
        Document document = page.document();
        if (document.selectFirst("header.site-header") == null || document.selectFirst("h1") == null) {
            return "not a ChangeBank page: " + page.body().substring(0, Math.min(200, page.body().length()));
        }
        if (!document.select("script, [onerror], img[src=x]").isEmpty()) {
            return "markup from the input became elements";
        }
        if (page.body().contains("Exception") || page.body().contains("\tat ")) {
            return "a stack trace";
        }
        return null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
