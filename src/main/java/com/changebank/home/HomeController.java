package com.changebank.home;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The public home page; a logged-in user goes straight to the account. */
@Path("/")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class HomeController {

    @Inject
    private SecurityContext securityContext;

    @GET
    public String home() {
        return securityContext.getCallerPrincipal() == null ? "home.jsp" : "redirect:/account";
    }
}
