'use strict';
{
    // Dragging in the page tree (admin/pages/page/tree.html): a page is dragged by its
    // handle among the pages beside it (the same list), and the new order is posted
    // with the order the tree showed, as the "Move up" / "Move down" buttons are (they
    // stay for keyboards and screen readers). Pointer events: mouse, pen and touch;
    // followed on the whole document, as the dragged page moves under the pointer.
    const ready = () => {
        const form = document.getElementById('page-tree-order');
        const root = document.querySelector('.page-tree--root');
        if (!form || !root) {
            return;
        }
        const container = root.closest('.page-tree-section') || root;
        container.querySelectorAll('.page-tree__handle').forEach((handle) => {
            handle.hidden = false;
        });
        const idsOf = (list) => Array.from(list.children)
            .filter((item) => item.matches('.page-tree__item'))
            .map((item) => item.dataset.pageId);
        let drag = null;

        const restore = () => {
            drag.before.forEach((id) => {
                drag.list.appendChild(drag.list.querySelector(`:scope > [data-page-id="${id}"]`));
            });
        };
        const finish = () => {
            drag.item.classList.remove('is-dragging');
            document.body.classList.remove('page-tree--dragging');
            const done = drag;
            drag = null;
            return done;
        };

        container.addEventListener('pointerdown', (event) => {
            const handle = event.target.closest('.page-tree__handle');
            if (!handle || drag || (event.pointerType === 'mouse' && event.button !== 0)) {
                return;
            }
            event.preventDefault();
            const item = handle.closest('.page-tree__item');
            const list = item.parentElement;
            drag = {item, list, before: idsOf(list), pointerId: event.pointerId};
            item.classList.add('is-dragging');
            document.body.classList.add('page-tree--dragging');
        });

        document.addEventListener('pointermove', (event) => {
            if (!drag || event.pointerId !== drag.pointerId) {
                return;
            }
            const {item, list} = drag;
            const others = Array.from(list.children).filter(
                (other) => other !== item && other.matches('.page-tree__item')
            );
            // Before the first page whose row's middle is below the pointer.
            const next = others.find((other) => {
                const box = other.querySelector(':scope > .page-tree__row').getBoundingClientRect();
                return event.clientY < box.top + box.height / 2;
            });
            if (next) {
                if (item.nextElementSibling !== next) {
                    list.insertBefore(item, next);
                }
            } else if (list.lastElementChild !== item) {
                list.appendChild(item);
            }
        });

        document.addEventListener('pointerup', (event) => {
            if (!drag || event.pointerId !== drag.pointerId) {
                return;
            }
            const {list, before} = finish();
            const after = idsOf(list);
            if (after.join(',') === before.join(',')) {
                return;
            }
            form.elements.parent.value = list.dataset.parentId || '';
            form.elements.shown.value = before.join(',');
            form.elements.order.value = after.join(',');
            form.submit();
        });

        document.addEventListener('pointercancel', (event) => {
            if (drag && event.pointerId === drag.pointerId) {
                restore();
                finish();
            }
        });

        document.addEventListener('keydown', (event) => {
            if (drag && event.key === 'Escape') {
                restore();
                finish();
            }
        });
    };
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', ready);
    } else {
        ready();
    }
}
