package com.changebank.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.mvc.Controller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The provider's redirect URI. The OpenID mechanism has already checked the state, exchanged the code and
 * validated the tokens when this runs; like the original, it then goes home, which sends a logged-in user on.
 */
@Path("callback")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class CallbackController {

    @Context
    private HttpServletRequest request;

    /** A callback that logged nobody in (the provider's {@code error=access_denied}, no code) failed: say so. */
    @GET
    public String callback(@QueryParam("error") String error, @QueryParam("state") String state) {
        if (error != null || (state != null && request.getUserPrincipal() == null)) {
            throw new WebApplicationException(Response.Status.UNAUTHORIZED);
        }
        return "redirect:/";
    }
}
