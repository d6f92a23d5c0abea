/**
 * Repairs of Jakarta MVC, Eclipse Krazo 3.0.1 (Payara 6, WildFly) and 4.0.1.payara-p1 (Payara 7).
 * <ul>
 * <li>Krazo's view writer searches the server's class path through a {@code ServiceLoader} twice a page, copies the
 * page byte by byte and throws and catches an exception at each flush: a fifth of a page's CPU on Payara Micro 7
 * ({@code docs/performance.md}). {@link com.changebank.platform.mvc.JspViewWriter} renders the JSP views in its
 * place.</li>
 * <li>Krazo's {@code FormMethodOverwriteFilter} is request-scoped and searches the class path in its constructor:
 * {@link com.changebank.platform.mvc.KrazoScopes} makes it one filter for all requests.</li>
 * <li>Krazo's session CSRF strategy opens a session for every anonymous page and searches the class path at each token
 * access; its {@code ${mvc.csrf}} needs a Jakarta REST request, which error pages lack:
 * {@link com.changebank.platform.mvc.SessionCsrfTokens} and {@link com.changebank.platform.mvc.CsrfField}.</li>
 * </ul>
 * Report to file with Krazo: "Cache the ServiceLoader lookups of the view writer, the form method filter and the
 * session CSRF strategy; do not open a session to make a CSRF token for a page without a form." None found for the
 * lookups; related, closed: CSRF tokens without a session
 * (<a href="https://github.com/mvc-spec/ozark/issues/104">mvc-spec/ozark 104</a>, a cookie strategy, and
 * <a href="https://github.com/mvc-spec/mvc-spec/pull/102">mvc-spec/mvc-spec 102</a>), which ChangeBank does not use:
 * its session holds the login anyway. Delete this package when Krazo does both: the benchmark
 * ({@code ./mvnw -Pbench -Dbench.compare=JAR}, against a jar without it) shows the cost returning if not, and
 * {@code ChangeBankIT.anonymousPageViewsOpenNoSession} that the pages open no session.
 */
package com.changebank.platform.mvc;
