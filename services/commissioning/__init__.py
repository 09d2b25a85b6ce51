"""Public value commissioning: exercises with weighted criteria and social value, bids, evaluation and award."""
