package com.changebank.platform.authorization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import jakarta.security.jacc.WebResourcePermission;
import jakarta.security.jacc.WebRoleRefPermission;
import jakarta.security.jacc.WebUserDataPermission;
import java.security.Permission;
import org.junit.jupiter.api.Test;

class ContextRootPolicyTest {

    @Test
    void theContextRootIsAskedAboutAsTheEmptyPattern() {
        assertEquals(new WebResourcePermission("", "GET"), ContextRootPolicy.asContextRoot(new WebResourcePermission("/", "GET")));
        assertEquals(new WebUserDataPermission("", "POST"), ContextRootPolicy.asContextRoot(new WebUserDataPermission("/", "POST")));
    }

    @Test
    void everyOtherPermissionIsAskedAboutUnchanged() {
        for (Permission permission : new Permission[] {new WebResourcePermission("/account", "GET"),
                new WebResourcePermission("", "GET"), new WebUserDataPermission("/make-change", "POST"),
                new WebRoleRefPermission("/", "admin")}) {
            assertSame(permission, ContextRootPolicy.asContextRoot(permission));
        }
    }
}
