package com.changebank.support;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the client tests that log in through {@link StubFusionAuth}: ChangeBank deployed with the stub as
 * its provider, which runs on the port the build reserved while the class's tests run.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class StubFusionAuthTest {

    protected static StubFusionAuth provider;
    protected final String app = TestServers.app();

    /** The stub's issuer, in a configuration file of the deployment that outranks the build's -DISSUER. */
    @Deployment(testable = false)
    public static WebArchive deployment() {
        return TestServers.war().addAsResource(new StringAsset("config_ordinal=500\nISSUER=" + issuer() + "\n"),
                "META-INF/microprofile-config.properties");
    }

    @BeforeAll
    static void startProvider() {
        provider = StubFusionAuth.start(port());
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    /** Starts the provider again after a test stopped it. */
    protected static void restartProvider() {
        provider = StubFusionAuth.start(port());
    }

    protected static String issuer() {
        return "http://localhost:" + port();
    }

    private static int port() {
        return Integer.getInteger("it.fusionauth.port");
    }
}
