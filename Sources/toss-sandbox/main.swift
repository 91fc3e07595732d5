print("toss-sandbox: not yet")
