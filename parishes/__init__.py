"""Pop-up parishes: proposals, petitions, council review and active parishes."""
