# Weeks start on Monday in Central Asia (the admin's date picker; Django's Russian
# formats say so already). Everything else comes from Django's own formats.
FIRST_DAY_OF_WEEK = 1
# Django has no Kazakh number formats: thousands are grouped by a space, as in Russian
# (1 000), where a count is grouped (intcomma).
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
