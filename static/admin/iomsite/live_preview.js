'use strict';
{
    // The live preview (kernel/admin/live_preview.py): the form, as it is now, posted
    // as the editor types; its public page shown in a sandboxed frame beside the form
    // (over it on a phone), in the chosen language and width. Files stay here: a photo
    // chosen but not uploaded yet is shown from this browser in its place.
    const STAND_IN = '/live-preview/'; // the server's CHOSEN_IMAGE, "live-preview/<field>"
    const DELAY = 500; // ms after the last keystroke

    window.addEventListener('load', () => {
        const panel = document.getElementById('live-preview');
        const open = document.getElementById('live-preview-open');
        const form = panel && panel.closest('form');
        if (!panel || !open || !form) {
            return;
        }
        const frame = panel.querySelector('iframe');
        const stage = panel.querySelector('.live-preview__stage');
        const status = panel.querySelector('.live-preview__status');
        const state = {language: 'en', width: 1280, timer: null, busy: false, again: false};
        let chosenUrls = {};

        const fit = () => {
            // Desktop width is shown scaled down to the panel; a phone at its size.
            const room = stage.clientWidth;
            const scale = Math.min(1, room / state.width);
            frame.style.width = state.width + 'px';
            frame.style.transform = scale < 1 ? `scale(${scale})` : '';
            const height = Math.max(stage.clientHeight / scale, 600);
            frame.style.height = height + 'px';
        };

        const chosenFiles = () => {
            const chosen = {};
            form.querySelectorAll('input[type=file]').forEach((input) => {
                if (input.files && input.files[0] && input.files[0].type.startsWith('image/')) {
                    chosen[input.name] = input.files[0];
                }
            });
            return chosen;
        };

        const showChosen = () => {
            const doc = frame.contentDocument;
            if (!doc) {
                return;
            }
            Object.entries(chosenUrls).forEach(([field, url]) => {
                doc.querySelectorAll('img').forEach((img) => {
                    if (img.getAttribute('src').endsWith(STAND_IN + field)) {
                        img.removeAttribute('srcset');
                        img.src = url;
                        const picture = img.closest('picture');
                        if (picture) {
                            picture.querySelectorAll('source').forEach((source) => source.remove());
                        }
                    }
                });
            });
        };

        const refresh = async () => {
            if (state.busy) {
                state.again = true;
                return;
            }
            state.busy = true;
            status.textContent = panel.dataset.updating || '…';
            if (window.CKEDITOR) {
                Object.values(window.CKEDITOR.instances).forEach((editor) => editor.updateElement());
            }
            const data = new FormData(form);
            for (const [name, value] of [...data.entries()]) {
                if (value instanceof File) {
                    data.delete(name);
                }
            }
            Object.values(chosenUrls).forEach((url) => URL.revokeObjectURL(url));
            chosenUrls = {};
            Object.entries(chosenFiles()).forEach(([field, file]) => {
                data.append('_preview_chosen', field);
                chosenUrls[field] = URL.createObjectURL(file);
            });
            data.append('_preview_of', panel.dataset.objectId);
            data.append('_preview_language', state.language);
            try {
                const response = await fetch(panel.dataset.url, {
                    method: 'POST', body: data, credentials: 'same-origin',
                    headers: {'X-Requested-With': 'live-preview'}
                });
                const html = await response.text();
                if (!response.ok) {
                    throw new Error(String(response.status));
                }
                const scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0;
                frame.addEventListener('load', () => {
                    showChosen();
                    frame.contentWindow.scrollTo(0, scroll);
                }, {once: true});
                frame.srcdoc = html;
                status.textContent = '';
            } catch (error) {
                status.textContent = panel.dataset.failed || String(error);
            } finally {
                state.busy = false;
                if (state.again) {
                    state.again = false;
                    refresh();
                }
            }
        };

        const later = () => {
            if (panel.hidden) {
                return;
            }
            clearTimeout(state.timer);
            state.timer = setTimeout(refresh, DELAY);
        };

        const show = (visible) => {
            panel.hidden = !visible;
            open.setAttribute('aria-expanded', String(visible));
            document.body.classList.toggle('with-live-preview', visible);
            if (visible) {
                fit();
                refresh();
                panel.querySelector('[aria-pressed="true"]').focus();
            } else {
                open.focus();
            }
        };

        const press = (buttons, pressed) => buttons.forEach((button) => {
            button.setAttribute('aria-pressed', String(button === pressed));
        });
        const languageButtons = [...panel.querySelectorAll('[data-language]')];
        const widthButtons = [...panel.querySelectorAll('[data-width]')];
        languageButtons.forEach((button) => button.addEventListener('click', () => {
            state.language = button.dataset.language;
            press(languageButtons, button);
            refresh();
        }));
        widthButtons.forEach((button) => button.addEventListener('click', () => {
            state.width = Number(button.dataset.width);
            press(widthButtons, button);
            fit();
        }));
        if (window.innerWidth < 768) { // a phone: its own width first
            press(widthButtons, widthButtons[0]);
            state.width = Number(widthButtons[0].dataset.width);
        }

        open.hidden = false;
        open.addEventListener('click', () => show(panel.hidden));
        document.getElementById('live-preview-close').addEventListener('click', () => show(false));
        panel.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') {
                show(false);
            }
        });
        form.addEventListener('input', (event) => {
            if (!panel.contains(event.target)) {
                later();
            }
        });
        form.addEventListener('change', (event) => {
            if (!panel.contains(event.target)) {
                later();
            }
        });
        // Select2 (autocomplete fields: countries, contacts) changes through jQuery.
        if (window.django && window.django.jQuery) {
            window.django.jQuery(form).on('select2:select select2:unselect', later);
        }
        if (window.CKEDITOR) {
            Object.values(window.CKEDITOR.instances).forEach((editor) => editor.on('change', later));
            window.CKEDITOR.on('instanceReady', (event) => event.editor.on('change', later));
        }
        window.addEventListener('resize', () => {
            if (!panel.hidden) {
                fit();
            }
        });
    });
}
