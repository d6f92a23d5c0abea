package com.changebank.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.changebank.platform.openid.ProviderSettings;
import jakarta.el.ELProcessor;
import jakarta.el.PropertyNotFoundException;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import java.security.Principal;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inside the server: what only the container knows about ChangeBank's login configuration. */
@ExtendWith(ArquillianExtension.class)
class OidcConfigIT {

    @Inject
    private OidcConfig oidcConfig;

    @Inject
    private Config config;

    @Inject
    private BeanManager beans;

    @Inject
    private SecurityContext securityContext;

    /** Only the configuration: the login needs nothing else to be set up. */
    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "ROOT.war")
                .addClasses(OpenIdLogin.class, OidcConfig.class, ProviderSettings.class, DotEnvConfigSource.class)
                .addAsServiceProvider(ConfigSource.class, DotEnvConfigSource.class);
    }

    /**
     * The build gives the server the test Keycloak's ISSUER: a system property on Payara Micro and WildFly, an
     * environment variable on Payara Server. Either wins over .env, whose ISSUER is FusionAuth's. The client comes
     * from the project's .env where the server runs in the project directory, else from the environment too.
     */
    @Test
    void configurationComesFromTheServerAndWinsOverDotEnv() {
        ConfigValue issuer = config.getConfigValue(OidcConfig.ISSUER);
        assertEquals(issuer.getValue(), oidcConfig.getIssuer());
        assertTrue(issuer.getValue().endsWith("/realms/changebank"), () -> "the test's Keycloak: " + issuer.getValue());
        assertTrue(issuer.getSourceOrdinal() > DotEnvConfigSource.ORDINAL, () -> "from " + issuer.getSourceName());
        assertEquals(oidcConfig.getIssuer() + "/.well-known/openid-configuration", oidcConfig.getDiscoveryUri());
        assertEquals("e9fdb985-9173-4e01-9d73-ac2d60d1dc8e", oidcConfig.getClientId());

        ConfigSource dotEnv = sourceNamed("DotEnvConfigSource");
        assertEquals(DotEnvConfigSource.ORDINAL, dotEnv.getOrdinal());
        if (!dotEnv.getPropertyNames().isEmpty()) {
            assertEquals(oidcConfig.getClientSecret(), dotEnv.getValue(OidcConfig.CLIENT_SECRET));
            assertTrue(dotEnv.getValue(OidcConfig.ISSUER) != null && !dotEnv.getValue(OidcConfig.ISSUER).equals(
                    oidcConfig.getIssuer()), "the server's ISSUER wins over .env");
        }
    }

    /** The annotation on OpenIdLogin makes the mechanism, which resolves its settings by expression at login. */
    @Test
    void theMechanismIsDefinedAndItsExpressionsResolve() {
        // Any qualifier: Jakarta Security 4 (Payara 7) gives the built-in mechanisms qualifiers of their own.
        Set<Bean<?>> mechanisms = beans.getBeans(HttpAuthenticationMechanism.class, Any.Literal.INSTANCE);
        assertEquals(1, mechanisms.size(), () -> "one authentication mechanism: " + mechanisms);
        OpenIdAuthenticationMechanismDefinition definition =
                OpenIdLogin.class.getAnnotation(OpenIdAuthenticationMechanismDefinition.class);
        ELProcessor el = new ELProcessor();
        el.getELManager().addELResolver(beans.getELResolver());
        assertEquals(oidcConfig.getDiscoveryUri(), el.eval(unwrap(definition.providerURI())));
        assertEquals(oidcConfig.getClientId(), el.eval(unwrap(definition.clientId())));
        assertEquals("", definition.clientSecret(), "the token hook sends the secret, not the mechanism");
        assertEquals(oidcConfig.getScope(), el.eval(unwrap(definition.scopeExpression())));
        assertEquals(OidcConfig.DEFAULT_SCOPE, oidcConfig.getScope(), "no SCOPE set: FusionAuth's, with offline_access");
    }

    /** What a page's expression can reach of the login's settings: not the client secret. */
    @Test
    void noExpressionReachesTheClientSecret() {
        ELProcessor el = new ELProcessor();
        el.getELManager().addELResolver(beans.getELResolver());
        assertEquals(oidcConfig.getClientId(), el.eval("openIdLogin.clientId"), "the named bean resolves");
        assertThrows(PropertyNotFoundException.class, () -> el.eval("openIdLogin.clientSecret"));
        assertThrows(PropertyNotFoundException.class, () -> el.eval("oidcConfig.clientSecret"));
        assertTrue(beans.getBeans("oidcConfig").isEmpty(), "the settings are not a named bean");
    }

    private static String unwrap(String expression) {
        assertTrue(expression.startsWith("${") && expression.endsWith("}"), expression);
        return expression.substring(2, expression.length() - 1);
    }

    /** Payara has no caller here; WildFly has its anonymous identity, which is why the pages ask the request. */
    @Test
    void nobodyIsLoggedInOutsideARequestFromABrowser() {
        Principal caller = securityContext.getCallerPrincipal();
        assertTrue(caller == null || caller.getName().equals("anonymous"), () -> "caller " + caller);
    }

    private ConfigSource sourceNamed(String prefix) {
        for (ConfigSource source : config.getConfigSources()) {
            if (source.getName().startsWith(prefix)) {
                return source;
            }
        }
        throw new AssertionError("No config source " + prefix + " among " + config.getConfigSources());
    }
}
