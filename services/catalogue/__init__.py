"""The service catalogue: the public services each council (or parish) runs or commissions."""
