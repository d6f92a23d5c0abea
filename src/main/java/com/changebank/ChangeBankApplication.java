package com.changebank;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jakarta MVC controllers answer at the context root, with the original quickstart's routes. */
@ApplicationPath("/")
public class ChangeBankApplication extends Application {
}
