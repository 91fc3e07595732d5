print("storefront: not yet")
