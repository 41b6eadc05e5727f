'use strict';
{
    // Who else has this item open (kernel/admin/presence.py): this form says it is
    // open every half minute, with whether it holds unsaved changes, and shows the
    // others the answer lists; leaving the page says so.
    const EVERY = 30000; // ms

    window.addEventListener('load', () => {
        const box = document.getElementById('presence');
        const form = box && box.closest('form');
        if (!box || !form) {
            return;
        }
        const token = form.querySelector('input[name=csrfmiddlewaretoken]');
        let changed = false;
        form.addEventListener('input', () => { changed = true; });
        form.addEventListener('change', () => { changed = true; });

        const body = (fields) => {
            const data = new FormData();
            data.append('csrfmiddlewaretoken', token ? token.value : '');
            Object.entries(fields).forEach(([name, value]) => data.append(name, value));
            return data;
        };

        const show = (others) => {
            const list = box.querySelector('ul');
            list.replaceChildren(...others.map((other) => {
                const item = document.createElement('li');
                item.textContent = other.text;
                return item;
            }));
            box.hidden = others.length === 0;
        };

        const beat = async () => {
            try {
                const response = await fetch(box.dataset.url, {
                    method: 'POST', credentials: 'same-origin',
                    body: body({changes: changed ? '1' : '0'})
                });
                if (response.ok) {
                    show((await response.json()).others);
                }
            } catch (error) {
                // Offline for a moment: the next beat tries again.
            }
        };

        beat();
        setInterval(beat, EVERY);
        window.addEventListener('pagehide', () => {
            navigator.sendBeacon(box.dataset.url, body({leaving: '1'}));
        });
    });
}
