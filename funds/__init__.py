"""Community funds: rounds, applications, assessment, awards, payments and 360Giving."""
