extensions = ["myst_parser", "onprobation_ext"]
onprobation_seeds = ""
myst_enable_extensions = ["colon_fence"]
nitpicky = True
exclude_patterns = ["_build"]
html_baseurl = "https://archive.example/"
