package com.changebank.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.mvc.Controller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The provider's redirect URI. The OpenID mechanism has already checked the state, exchanged the code and
 * validated the tokens when this runs; like the original, it goes home, which sends a logged-in user on.
 */
@Path("callback")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class CallbackController {

    @GET
    public String callback() {
        return "redirect:/";
    }
}
