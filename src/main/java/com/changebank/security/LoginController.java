package com.changebank.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.mvc.Controller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /login} is protected in web.xml, so the OpenID mechanism sends an anonymous user to the provider first;
 * this controller only runs for a logged-in user.
 */
@Path("login")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class LoginController {

    @GET
    public String login() {
        return "redirect:/account";
    }
}
