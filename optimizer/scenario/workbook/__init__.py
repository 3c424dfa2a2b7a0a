"""Input workbooks (``.xlsx``): the sheets read into the same composed scenario as YAML."""
