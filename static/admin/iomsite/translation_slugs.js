'use strict';
// Django fills slugs from titles on add forms only. A translation is often added to a
// saved item later, so on change forms too: while a language's slug is empty and
// untouched, it follows that language's title (transliterated by Django's URLify).
window.addEventListener('load', () => {
    document.querySelectorAll('input[id^="id_slug_"]').forEach((slug) => {
        const title = document.getElementById('id_title_' + slug.id.slice('id_slug_'.length));
        if (!title || slug.value || typeof window.URLify !== 'function') {
            return;
        }
        let touched = false;
        slug.addEventListener('change', () => { touched = true; });
        const follow = () => {
            if (!touched) {
                slug.value = window.URLify(title.value, slug.maxLength > 0 ? slug.maxLength : 50, false);
            }
        };
        title.addEventListener('input', follow);
        title.addEventListener('change', follow);
    });
});
