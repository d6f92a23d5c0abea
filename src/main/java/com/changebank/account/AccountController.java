package com.changebank.account;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;

/** The logged-in user's account; web.xml lets only authenticated users in. */
@Path("account")
@Controller
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class AccountController {

    @Inject
    private OpenIdContext openIdContext;

    @Inject
    private Models models;

    @Inject
    private SecurityContext securityContext;

    @GET
    public String account() {
        String email = openIdContext.getClaims().getEmail()
                .orElseGet(() -> securityContext.getCallerPrincipal().getName());
        models.put("email", email);
        models.put("balance", BigDecimal.ZERO.setScale(2));
        return "account.jsp";
    }
}
