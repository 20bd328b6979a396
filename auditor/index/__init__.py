"""Image index of an audited run (`audit index`) and rights-aware attribution of generated images
(`audit attribute`)."""
