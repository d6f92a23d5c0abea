package com.changebank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.support.Browser;
import com.changebank.support.Browser.Page;
import com.changebank.support.FailingController;
import com.changebank.support.TestServers;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An exception in a page ends on ChangeBank's own error page: its style, and nothing about the server or the code. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ErrorPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestServers.war().addClass(FailingController.class);
    }

    @Test
    void anExceptionGivesTheAppsErrorPageWithoutDetails() {
        Page page = new Browser().get(TestServers.app() + "fail");
        assertEquals(500, page.status());
        assertEquals("Something went wrong", page.document().selectFirst("h1").text());
        assertNotNull(page.document().selectFirst("link[href$=/static/changebank.css]"), "in the app's style");
        for (String detail : List.of(FailingController.SECRET, "IllegalStateException", "Exception", "at com.",
                "Payara", "GlassFish", "WildFly", "Undertow", "Grizzly", "JBoss")) {
            assertFalse(page.body().contains(detail), () -> "shows " + detail + ":\n" + page.body());
        }
        assertTrue(page.headers().firstValue("Server").isEmpty(), "no Server header");
        assertTrue(page.headers().firstValue("X-Powered-By").isEmpty(), "no X-Powered-By header");
    }
}
