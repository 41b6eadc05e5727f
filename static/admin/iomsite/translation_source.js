'use strict';
{
    // Under each Russian and Kazakh field, the English text it translates, following
    // the English field as it is typed (the rich-text editor's too, as plain text).
    const OTHER = /^(.+)_(ru|kk)$/;

    const plain = (html) => new DOMParser().parseFromString(html, 'text/html').body.textContent;

    window.addEventListener('load', () => {
        document.querySelectorAll('input[name], textarea[name]').forEach((field) => {
            const match = OTHER.exec(field.name);
            if (!match || match[1].startsWith('slug')) {
                return;
            }
            const english = field.form && field.form.elements[`${match[1]}_en`];
            if (!english || english.type === 'hidden' && !english.id) {
                return;
            }
            const source = document.createElement('div');
            source.className = 'translation-source';
            source.lang = 'en';
            const code = document.createElement('abbr');
            code.textContent = 'EN';
            code.title = 'English';
            const text = document.createElement('span');
            source.append(code, ' ', text);
            const row = field.closest('.flex-container') || field.parentElement;
            row.after(source);
            const editor = () => window.CKEDITOR && window.CKEDITOR.instances[english.id];
            const show = () => {
                const value = editor() ? plain(editor().getData()) : english.value;
                text.textContent = value.trim();
                source.hidden = !value.trim();
            };
            english.addEventListener('input', show);
            if (window.CKEDITOR) {
                window.CKEDITOR.on('instanceReady', (event) => {
                    if (event.editor.name === english.id) {
                        event.editor.on('change', show);
                        show();
                    }
                });
                if (editor()) {
                    editor().on('change', show);
                }
            }
            show();
        });
    });
}
