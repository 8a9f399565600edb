window.ui = SwaggerUIBundle({
  url: "/workflows/v1/openapi.json",
  dom_id: "#swagger-ui",
  persistAuthorization: true
});
