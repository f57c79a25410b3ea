"""Reference data (domain knowledge below the store): regions, the 机构改革 map, department-name rules, numerals."""
