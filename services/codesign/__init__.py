"""Co-design of public services: processes in phases, ideas and proposals, comments, supports, participatory
budgets and the accountability of results."""
