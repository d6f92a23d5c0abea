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
 * error at the provider's address; once it is back, the next click works. The check asks the provider each time,
 * not a remembered answer: a login makes four more requests to it anyway, and a remembered "up" would send the
 * browser to a provider that just went down.
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
