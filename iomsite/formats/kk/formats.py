# Weeks start on Monday in Central Asia (the admin's date picker; Django's Russian
# formats say so already). Everything else comes from Django's own formats.
FIRST_DAY_OF_WEEK = 1
