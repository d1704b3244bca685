"""What readers see: comparisons, figures, notebooks run into offline HTML briefings."""
