package com.changebank.change;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.mvc.security.CsrfProtected;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns dollars into nickels and pennies; web.xml lets only authenticated users in. */
@Path("make-change")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class MakeChangeController {

    private static final String VIEW = "make-change.jsp";

    @Inject
    private Models models;

    @GET
    public String form() {
        return view("0.00");
    }

    /** The form with {@code amount} in its field, which takes no more than {@link Change} accepts. */
    private String view(String amount) {
        models.put("amount", amount);
        models.put("maxLength", Change.MAX_INPUT_LENGTH);
        return VIEW;
    }

    @POST
    @CsrfProtected
    public Response makeChange(@FormParam("amount") String amount) {
        String view = view(amount == null ? "" : amount);
        try {
            models.put("result", Change.of(amount).describe());
            return Response.ok(view).build();
        } catch (InvalidAmountException e) {
            models.put("error", e.getMessage());
            return Response.status(Response.Status.BAD_REQUEST).entity(view).build();
        }
    }
}
