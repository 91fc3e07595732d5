import TestSupport

extension LiveShop {
    /// The live shop's database through the test repositories (row counts, orders).
    var shop: Shop { Shop(database: database) }
}
