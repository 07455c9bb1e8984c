// The pipeline board: a column asks for its next page when its end comes into view (BoardColumn.EndInViewAsync).
window.crmBoard = {
    watch(end, column) {
        if (!end) {
            return;
        }
        end.crmObserver?.disconnect();
        // A little ahead of the end, so the next page is there by the time the reader gets to it.
        const observer = new IntersectionObserver(entries => {
            if (entries.some(e => e.isIntersecting)) {
                column.invokeMethodAsync('EndInViewAsync');
            }
        }, { rootMargin: '0px 0px 200px 0px' });
        observer.observe(end);
        end.crmObserver = observer;
    },
    unwatch(end) {
        end?.crmObserver?.disconnect();
    },
};
