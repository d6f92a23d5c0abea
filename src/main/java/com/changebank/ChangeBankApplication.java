package com.changebank;

import com.changebank.platform.mvc.SessionCsrfTokens;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.krazo.Properties;

/** Jakarta MVC controllers answer at the context root, with the original quickstart's routes. */
@ApplicationPath("/")
public class ChangeBankApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(Properties.CSRF_TOKEN_STRATEGY, new SessionCsrfTokens());
    }
}
