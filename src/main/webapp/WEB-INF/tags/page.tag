<%@ tag pageEncoding="UTF-8" %>
<%@ attribute name="title" required="true" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>ChangeBank - <c:out value="${title}"/></title>
  <link rel="stylesheet" href="${pageContext.request.contextPath}/static/changebank.css">
</head>
<body>
<jsp:doBody/>
</body>
</html>
