window.ui = SwaggerUIBundle({
  url: "/workflows/v1/openapi.json",
  dom_id: "#swagger-ui",
  persistAuthorization: true,
  // The public validator badge would load an image from validator.swagger.io, which the docs' policy forbids.
  validatorUrl: null
});
