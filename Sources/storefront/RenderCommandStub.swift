func runRenderCommand(_ arguments: [String]) -> Int32 { 2 }
