package com.changebank.home;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.servlet.http.HttpServletRequest;
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

    /** The request, not SecurityContext: on WildFly its caller principal is "anonymous" rather than null. */
    @Inject
    private HttpServletRequest request;

    @GET
    public String home() {
        return request.getUserPrincipal() == null ? "home.jsp" : "redirect:/account";
    }
}
