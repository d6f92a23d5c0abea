<%@ page contentType="text/html;charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:page title="Welcome">
  <section class="hero">
    <div class="hero-text">
      <h1>Welcome to ChangeBank</h1>
      <p>To get started, <a href="${root}/login">log in or create a new account</a>.</p>
    </div>
    <img class="hero-picture" src="${root}/static/money.svg" alt="Coins and a banknote" width="480" height="360">
  </section>
</t:page>
