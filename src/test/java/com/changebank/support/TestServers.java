package com.changebank.support;

import java.io.File;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The servers of the integration tests, on the free ports the Maven build reserved for them. */
public final class TestServers {

    private static Keycloak keycloak;

    private TestServers() {
    }

    /** ChangeBank's address as the browser and the provider know it. */
    public static String app() {
        return "http://localhost:" + Integer.getInteger("it.app.port") + "/";
    }

    /** The WAR the build produced; its name, ROOT.war, deploys it at the context root. */
    public static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/ROOT.war"));
    }

    /** One Keycloak for the whole test run, started at first use and stopped when the JVM ends. */
    public static synchronized Keycloak keycloak() {
        if (keycloak == null) {
            keycloak = Keycloak.start(Path.of(System.getProperty("keycloak.home")),
                    Integer.getInteger("it.keycloak.port"), app().replaceAll("/$", ""), System.out::println);
            Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close));
        }
        return keycloak;
    }
}
