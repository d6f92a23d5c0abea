package com.changebank.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.health.Readiness;

/**
 * Log in: on to the account page, which is protected, so the OpenID mechanism first sends the user to the
 * provider. When the provider cannot be reached, the user gets "sign-in unavailable" here rather than a browser
 * error at the provider's address; once it is back, the next click works. Anyone can click here, so the check is
 * shared: concurrent clicks wait for one request to the provider, and an "up" is remembered for a few seconds
 * ({@link ProviderReadinessCheck#UP_REMEMBERED}). Asked at every click, a burst of clicks would be a burst at the
 * provider, costing a thread each while it is slow; remembered, a provider that went down in those seconds shows
 * the browser an error at its address, as it would have a click earlier.
 */
@Path("login")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class LoginController {

    @Inject
    @Readiness
    private ProviderReadinessCheck provider;

    @GET
    public String login() {
        if (provider.problem().isPresent()) {
            throw new ServiceUnavailableException();
        }
        return "redirect:/account";
    }
}
