package com.changebank.platform.openid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MechanismHooksTest {

    /** A server whose mechanism has none of the classes ChangeBank hooks into: the deployment stops, saying what. */
    @Test
    void aServerWithoutTheMechanismsClassesStopsTheDeployment() {
        List<Throwable> errors = new ArrayList<>();
        AfterBeanDiscovery discovery = (AfterBeanDiscovery) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AfterBeanDiscovery.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("addDefinitionError")) {
                        errors.add((Throwable) arguments[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        new MechanismHooks().check(discovery);
        assertEquals(1, errors.size());
        String message = errors.get(0).getMessage();
        assertTrue(message.startsWith("ChangeBank cannot start: "), message);
        for (String method : List.of("validateRequest", "authenticateUser", "getTokens", "getDocument", "getUserInfo")) {
            assertTrue(message.contains(method), message);
        }
    }
}
