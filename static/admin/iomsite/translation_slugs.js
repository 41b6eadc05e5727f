'use strict';
{
    // Django's URLify transliterates Russian but drops the Kazakh letters; spell them
    // in Latin first (қ → q as in the Kazakh Latin alphabet), for Django's own slug
    // prefilling too, which looks URLify up when it runs.
    const KAZAKH = {
        'ә': 'a', 'ғ': 'g', 'қ': 'q', 'ң': 'n', 'ө': 'o', 'ұ': 'u', 'ү': 'u', 'һ': 'h', 'і': 'i',
        'Ә': 'A', 'Ғ': 'G', 'Қ': 'Q', 'Ң': 'N', 'Ө': 'O', 'Ұ': 'U', 'Ү': 'U', 'Һ': 'H', 'І': 'I'
    };
    const djangoURLify = window.URLify;
    if (typeof djangoURLify === 'function' && !djangoURLify.kazakh) {
        window.URLify = (text, ...rest) => djangoURLify(
            String(text).replace(/[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/g, (letter) => KAZAKH[letter]), ...rest
        );
        window.URLify.kazakh = true;
    }

    // Django fills slugs from titles on add forms only. A translation is often added to
    // a saved item later, so on change forms too: while a language's slug is empty and
    // untouched, it follows that language's title.
    window.addEventListener('load', () => {
        document.querySelectorAll('input[id^="id_slug_"]').forEach((slug) => {
            const code = slug.id.slice('id_slug_'.length);
            const title = document.getElementById('id_title_' + code);
            if (!title || slug.value || typeof window.URLify !== 'function') {
                return;
            }
            let touched = false;
            slug.addEventListener('change', () => { touched = true; });
            const follow = () => {
                if (!touched) {
                    const length = slug.maxLength > 0 ? slug.maxLength : 50;
                    slug.value = window.URLify(title.value, length, false);
                }
            };
            title.addEventListener('input', follow);
            title.addEventListener('change', follow);
        });
    });
}
